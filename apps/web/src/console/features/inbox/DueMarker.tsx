import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Yellow when due soon, red when overdue, with the working days left (or over). */
export function DueMarker({
  dueDate,
  dueState,
  daysLeft,
}: {
  dueDate: string | null;
  dueState: string;
  daysLeft: number | null;
}) {
  const { t } = useTranslation();
  if (dueState === 'paused') return <Tag color="default">{t('inbox.paused')}</Tag>;
  if (!dueDate) return <span>{t('inbox.noDue')}</span>;
  // past the due date over a weekend no working day is lost yet, but it is overdue all the same
  const text =
    dueState === 'overdue'
      ? daysLeft !== null && daysLeft < 0
        ? t('inbox.daysOver', { n: -daysLeft })
        : t('inbox.overdue')
      : daysLeft === null
        ? ''
        : daysLeft === 0
          ? t('inbox.dueToday')
          : t('inbox.daysLeft', { n: daysLeft });
  const color = dueState === 'overdue' ? 'red' : dueState === 'dueSoon' ? 'gold' : 'green';
  return (
    <span data-due-state={dueState}>
      {dueDate}{' '}
      {text && (
        <Tag
          color={color}
          className={dueState === 'overdue' ? 'gr-overdue' : dueState === 'dueSoon' ? 'gr-due-soon' : undefined}
        >
          {text}
        </Tag>
      )}
    </span>
  );
}

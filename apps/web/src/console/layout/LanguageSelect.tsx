import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, rememberLanguage } from '../../shared/language.ts';

/** 简体中文 / 繁體中文 / English, remembered in the browser; Ant Design and dates follow through ConsoleApp. */
export function LanguageSelect({ size, testId }: { size?: 'small' | 'middle'; testId?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('common.language')}
      data-testid={testId}
      size={size}
      value={i18n.language as Language}
      style={{ width: 120 }}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      onChange={(l) => {
        rememberLanguage(l);
        void i18n.changeLanguage(l);
      }}
    />
  );
}

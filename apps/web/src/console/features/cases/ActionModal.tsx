import { App, Button, Form, Input, Modal } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases } from '@grassroots/contracts';
import { api } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import type { ActionForm } from '../../caseTypes.ts';
import { codeLabel } from '../../i18n.ts';
import { useServerErrors } from '../../useServerErrors.ts';
import { InvestigationInput } from '../assistance/InvestigationInput.tsx';
import { AttachmentUpload, type Uploaded } from './AttachmentUpload.tsx';
import { FieldInput } from './FieldInput.tsx';

/** What a structured field needs to know about its case (the household, the programme, the division). */
export interface CaseSubject {
  name: string;
  divisionCode: string;
  data: Record<string, unknown>;
}

/**
 * The form for one action, drawn from its contract: its fields, its opinion, its attachments.
 * The expected version makes a concurrent change a 409; the idempotency key makes a double
 * click or a retry after a timeout one action, not two.
 */
export function ActionModal({
  caseId,
  version,
  action,
  subject,
  onDone,
  onConflict,
  onCancel,
}: {
  caseId: string;
  version: number;
  action: ActionForm;
  subject?: CaseSubject;
  onDone: () => void;
  onConflict: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, run } = useServerErrors(form);
  const [files, setFiles] = useState<Uploaded[]>([]);
  const key = useMemo(() => crypto.randomUUID(), []);
  const label = codeLabel('action', action.code, action.label);

  const submit = async (values: Record<string, unknown>) => {
    const { opinion, ...fields } = values;
    const defined = Object.fromEntries(
      Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    const error = await run(async () => {
      const body = {
        expectedVersion: version,
        fields: defined,
        ...(typeof opinion === 'string' && opinion.trim() ? { opinion } : {}),
        attachments: files.map((f) => f.hash),
      };
      const headers = { 'idempotency-key': key };
      // an action whose steps belong together (a dispatch moves the order too) has its own route, named by the case type
      if (action.via) await api.post(action.via.replace(':id', caseId), body, headers);
      else await call(cases.act, { params: { id: caseId, action: action.code }, body, headers });
      message.success(t('cases.done', { action: label }));
      onDone();
    });
    if (error?.code === 'version_conflict') onConflict();
  };

  return (
    <Modal
      open
      title={label}
      onCancel={onCancel}
      footer={null}
      destroyOnHidden
      width={action.fields.some((f) => f.type === 'object') ? 960 : 520}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid={`action-form-${action.code}`}>
        {action.fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={f.required ? [{ required: true, message: t('common.required') }] : []}
          >
            {f.type === 'object' && f.name === 'investigation' && subject ? (
              <InvestigationInput
                householdNumber={subject.name}
                programme={String(subject.data.programme)}
                divisionCode={subject.divisionCode}
              />
            ) : (
              <FieldInput spec={f} />
            )}
          </Form.Item>
        ))}
        {action.opinion !== 'none' && (
          <Form.Item
            name="opinion"
            label={t('cases.opinion')}
            rules={action.opinion === 'required' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        )}
        {action.attachments !== 'none' && !action.via && (
          <Form.Item label={t('cases.attachments')}>
            <AttachmentUpload onChange={setFiles} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </Modal>
  );
}

import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';

/**
 * Runs a submission and puts the server's problem+json on the form: a named field gets its
 * message beside it (body.fields.days → days), anything else becomes a message at the top.
 * Returns the ApiError so a caller can react to a status (409) itself.
 */
export function useServerErrors(form?: FormInstance) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>): Promise<ApiError | undefined> => {
    setBusy(true);
    try {
      await fn();
      return undefined;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        message.error(t('common.unknownError'));
        return undefined;
      }
      const issues = e.problem.errors?.length ? e.problem.errors : e.problem.field ? [{ field: e.problem.field, message: e.problem.message, messageEn: e.problem.messageEn }] : [];
      const en = i18n.language.startsWith('en');
      const names = new Set(Object.keys(form?.getFieldsValue() ?? {}));
      const placed = issues
        .map((i) => ({ name: i.field.replace(/^body\./, '').replace(/^fields\./, '').split('.')[0]!, text: en ? (i.messageEn ?? i.message) : i.message }))
        .filter((i) => names.has(i.name));
      if (form && placed.length) form.setFields(placed.map((p) => ({ name: p.name, errors: [p.text] })));
      else if (e.status !== 409) message.error(e.text(i18n.language));
      return e;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

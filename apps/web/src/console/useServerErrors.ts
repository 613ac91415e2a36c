import type { FormInstance } from 'antd';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { fieldErrors } from './fieldErrors.ts';

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
      const placed = fieldErrors(e.problem, Object.keys(form?.getFieldsValue() ?? {}), i18n.language.startsWith('en'));
      if (form && placed.length) form.setFields(placed.map((p) => ({ name: p.name, errors: [p.text] })));
      // a stale version is the caller's to explain (it reloads); any other refusal says why in the server's words
      else if (e.code !== 'version_conflict') message.error(e.text(i18n.language));
      return e;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

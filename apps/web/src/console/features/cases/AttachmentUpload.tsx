import { App, Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { cases, type ResponseOf } from '@grassroots/contracts';
import { getCsrfToken } from '../../../shared/api.ts';
import { urlOf } from '../../../shared/client.ts';

type Stored = ResponseOf<typeof cases.upload>;
export type Uploaded = Pick<Stored, 'hash' | 'name'>;

/**
 * Files uploaded as soon as they are chosen (a scan, a photo, a spreadsheet), so a refused one is
 * named at once; the caller gets the uploaded ones — a file removed from the list is dropped.
 */
export function AttachmentUpload({ onChange, label }: { onChange: (files: Uploaded[]) => void; label?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const uploaded = (list: UploadFile<Stored>[]) =>
    list.flatMap((f) => (f.status === 'done' && f.response?.hash ? [{ hash: f.response.hash, name: f.name }] : []));
  return (
    <Upload
      name="file"
      action={urlOf(cases.upload)}
      headers={{ 'x-csrf-token': getCsrfToken() }}
      accept=".pdf,.png,.jpg,.jpeg,.xlsx"
      onChange={(info) => {
        if (info.file.status === 'error') message.error(info.file.response?.message ?? t('common.unknownError'));
        onChange(uploaded(info.fileList));
      }}
    >
      <Button>{label ?? t('cases.upload')}</Button>
    </Upload>
  );
}

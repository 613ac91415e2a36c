import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Radio,
  Select,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registry, type ResponseOf } from '@grassroots/contracts';
import { api, ApiError, getCsrfToken, type Problem } from '../../../shared/api.ts';
import { urlOf } from '../../../shared/client.ts';

type Preview = ResponseOf<typeof registry.importPreview>;
/** an import's outcome: 201 when applied, 422 with the same body when rejected */
type Summary = ResponseOf<typeof registry.importPersons>;

/** The registry's field names in the reader's language. */
const FIELD_LABELS: Record<string, string> = {
  idNumber: 'people.idNumber',
  name: 'people.name',
  sex: 'people.sex',
  birthDate: 'people.birth',
  ethnicity: 'people.ethnicity',
  phone: 'people.phone',
  registeredAddress: 'people.registered',
  residenceAddress: 'people.residence',
  residenceType: 'people.residenceType',
  maritalStatus: 'people.marital',
  disabilityGrade: 'people.disability',
  isVeteran: 'people.veteran',
  divisionCode: 'people.division',
  householdNumber: 'people.household',
  relation: 'people.relation',
  householdAddress: 'people.address',
};

/** Upload with progress: the server reads rows as the bytes arrive, so upload progress is reading progress. */
function uploadWithProgress(url: string, body: FormData, onProgress: (p: number) => void): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', getCsrfToken());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const data = JSON.parse(xhr.responseText || '{}');
      if (xhr.status === 201 || xhr.status === 422) resolve(data);
      else reject(new ApiError({ ...(data as Problem), status: xhr.status }));
    };
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'network', message: '网络错误', messageEn: 'Network error' }));
    xhr.send(body);
  });
}

export function ImportWizard() {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<Preview>();
  const [mapping, setMapping] = useState<string[]>([]);
  const [mode, setMode] = useState<'all_or_nothing' | 'good_rows'>('all_or_nothing');
  const [progress, setProgress] = useState(0);
  const [summary, setSummary] = useState<Summary>();
  const [error, setError] = useState<string>();

  const choose = async (f: File) => {
    setError(undefined);
    setFile(f);
    const body = new FormData();
    body.append('file', f);
    try {
      // multipart: the typed client sends JSON, so the form goes through api.post, typed by the contract
      const p = await api.post<Preview>(urlOf(registry.importPreview), body);
      setPreview(p);
      setMapping(p.suggested);
      setStep(1);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
    }
    return false;
  };

  const runImport = async () => {
    if (!file || !preview) return;
    setStep(2);
    setError(undefined);
    const body = new FormData();
    body.append('mode', mode);
    body.append('mapping', JSON.stringify(Object.fromEntries(preview.header.map((h, i) => [h, mapping[i] ?? '']))));
    body.append('file', file);
    try {
      setSummary(await uploadWithProgress(urlOf(registry.importPersons), body, setProgress));
      setStep(3);
    } catch (e) {
      setError(e instanceof ApiError ? e.text(i18n.language) : t('common.unknownError'));
      setStep(1);
    }
  };

  const restart = () => {
    setStep(0);
    setFile(undefined);
    setPreview(undefined);
    setSummary(undefined);
    setProgress(0);
  };

  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('importer.title')}</h1>}>
      <Steps
        current={step}
        items={[
          { title: t('importer.step1') },
          { title: t('importer.step2') },
          { title: t('importer.step3') },
          { title: t('importer.step4') },
        ]}
        style={{ marginBottom: 24 }}
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical">
          <Typography.Text type="secondary">{t('importer.hint')}</Typography.Text>
          <Upload accept=".csv,.xlsx" beforeUpload={choose} showUploadList={false}>
            <Button type="primary">{t('importer.choose')}</Button>
          </Upload>
        </Space>
      )}
      {step === 1 && preview && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Table
            size="small"
            pagination={false}
            rowKey="i"
            dataSource={preview.header.map((h, i) => ({
              i,
              h,
              sample: preview.rows
                .map((r) => r.cells[i])
                .filter(Boolean)
                .slice(0, 3)
                .join(' / '),
            }))}
            columns={[
              { title: t('importer.heading'), dataIndex: 'h' },
              {
                title: t('importer.field'),
                dataIndex: 'i',
                render: (i: number, r) => (
                  <Select
                    aria-label={`${t('importer.field')} ${r.h}`}
                    style={{ width: 240 }}
                    value={mapping[i] ?? ''}
                    onChange={(v) => setMapping(mapping.map((m, j) => (j === i ? v : m)))}
                    showSearch
                    optionFilterProp="label"
                    options={[
                      { value: '', label: t('importer.ignore') },
                      ...preview.fields.map((f) => ({
                        value: f,
                        label: `${FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f} (${f})`,
                      })),
                    ]}
                  />
                ),
              },
              { title: t('importer.sample'), dataIndex: 'sample' },
            ]}
          />
          <Space>
            <span>{t('importer.mode')}</span>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value)}
              options={[
                { value: 'all_or_nothing', label: t('importer.modeAll') },
                { value: 'good_rows', label: t('importer.modeGood') },
              ]}
            />
          </Space>
          <Space>
            <Button onClick={restart}>{t('common.back')}</Button>
            <Button type="primary" onClick={runImport}>
              {t('importer.run')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && (
        <div>
          <Typography.Text>{t('importer.progress')}</Typography.Text>
          <Progress percent={progress} status="active" />
        </div>
      )}
      {step === 3 && summary && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert
            type={summary.status === 'applied' ? 'success' : 'error'}
            showIcon
            title={summary.status === 'applied' ? t('importer.applied') : t('importer.rejected')}
            data-testid="import-result"
          />
          <Descriptions
            size="small"
            column={3}
            items={(['total', 'inserted', 'updated', 'unchanged', 'bad', 'conflicts'] as const).map((k) => ({
              key: k,
              label: t(`importer.${k}`),
              children: summary[k],
            }))}
          />
          {summary.errors.length > 0 && (
            <>
              <Table
                size="small"
                rowKey={(r) => `${r.line}-${r.field}`}
                pagination={{ pageSize: 10 }}
                dataSource={summary.errors}
                columns={[
                  { title: t('importer.line'), dataIndex: 'line' },
                  { title: t('importer.field'), dataIndex: 'field' },
                  { title: t('importer.reason'), dataIndex: 'reason' },
                ]}
              />
              <Button href={summary.errorReport} download>
                {t('importer.errorReport')}
              </Button>
            </>
          )}
          <Button onClick={restart}>{t('importer.again')}</Button>
        </Space>
      )}
    </Card>
  );
}

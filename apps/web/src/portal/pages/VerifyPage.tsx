import { useParams } from '@tanstack/react-router';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cases, type ResponseOf } from '@grassroots/contracts';
import { ApiError } from '../../shared/api.ts';
import { call } from '../../shared/client.ts';
import { shanghaiDate } from '../../shared/time.ts';
import { Field, problemText } from './Field.tsx';

type Verified = ResponseOf<typeof cases.verifyDocument>;

/** By the code typed in, or straight from the QR code printed on the document (/verify/CODE). */
export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const params = useParams({ strict: false }) as { code?: string };
  const [code, setCode] = useState(params.code ?? '');
  const [result, setResult] = useState<Verified>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const check = useCallback(
    async (value: string) => {
      setResult(undefined);
      setError(undefined);
      const c = value.trim().toUpperCase();
      if (!/^[0-9A-Z-]{12,16}$/.test(c)) return setError(t('verify.invalid'));
      setBusy(true);
      try {
        setResult(await call(cases.verifyDocument, { params: { code: c } }));
      } catch (e) {
        setError(
          e instanceof ApiError && e.status === 404
            ? t('verify.invalid')
            : problemText(e, i18n.language, t('error.generic')),
        );
      } finally {
        setBusy(false);
      }
    },
    [t, i18n.language],
  );

  useEffect(() => {
    if (params.code) void check(params.code);
  }, [params.code, check]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check(code);
  };

  return (
    <>
      <h1>{t('verify.title')}</h1>
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          id="code"
          label={t('verify.code')}
          hint={t('verify.codeHint')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
        />
        <button className="primary" type="submit" disabled={busy}>
          {t('verify.submit')}
        </button>
        <p className="hint">{t('verify.scan')}</p>
      </form>
      {error && (
        <div className="notice bad" role="alert" data-testid="verify-invalid">
          {error}
        </div>
      )}
      {result && (
        <section className="result" aria-live="polite" data-testid="verify-result">
          <div className="notice ok">{t('verify.valid')}</div>
          <dl className="facts">
            <dt>{t('verify.kind')}</dt>
            <dd>{result.title}</dd>
            <dt>{t('verify.number')}</dt>
            <dd>{result.number}</dd>
            <dt>{t('verify.issuer')}</dt>
            <dd>{result.issuer}</dd>
            <dt>{t('verify.issued')}</dt>
            <dd>{shanghaiDate(result.issuedAt)}</dd>
            {result.caseNumber && (
              <>
                <dt>{t('verify.caseNumber')}</dt>
                <dd>{result.caseNumber}</dd>
              </>
            )}
          </dl>
        </section>
      )}
    </>
  );
}

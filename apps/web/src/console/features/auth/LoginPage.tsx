import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Alert, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auth, type ResponseOf } from '@grassroots/contracts';
import { ApiError, setCsrfToken } from '../../../shared/api.ts';
import { call } from '../../../shared/client.ts';
import { LanguageSelect } from '../../layout/LanguageSelect.tsx';
import { fetchMe, ME_KEY } from '../../session.ts';

/**
 * Password, then a one-time code when the account has one; administrators enrol one at first login.
 * Enrolling asks for the password (the server re-authenticates whoever holds the session): the one
 * just typed, or again when an administrator comes back to finish enrolment.
 */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const search = useSearch({ strict: false }) as { reason?: string; next?: string };
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<string>();
  const [needTotp, setNeedTotp] = useState(false);
  const [enrol, setEnrol] = useState<ResponseOf<typeof auth.beginTotp>>();
  const [reauth, setReauth] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const lang = i18n.language;

  const enter = async () => {
    qc.setQueryData(ME_KEY, await fetchMe());
    const next = search.next?.replace(/^\/console/, '');
    await navigate({ to: (next && next !== '/login' ? next : '/') as never });
  };

  const beginEnrolment = async (currentPassword: string) => {
    setEnrol(await call(auth.beginTotp, { body: { currentPassword } }));
    setReauth(false);
  };

  useEffect(() => {
    // an administrator who signed in but has not finished enrolment comes back here
    if (search.reason === 'enrol')
      void fetchMe().then((me) => {
        if (me?.secondFactorRequired) setReauth(true);
      });
  }, [search.reason]);

  const explain = (e: unknown) => {
    if (!(e instanceof ApiError)) return t('common.unknownError');
    if (e.code === 'totp_required') setNeedTotp(true);
    return e.text(lang);
  };

  const submit = async (v: { username: string; password: string; totp?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call(auth.login, {
        body: { username: v.username.trim(), password: v.password, ...(v.totp ? { totp: v.totp.trim() } : {}) },
      });
      setCsrfToken(r.csrfToken);
      if (r.secondFactorRequired) await beginEnrolment(v.password);
      else await enter();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const reauthenticate = async (v: { password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await beginEnrolment(v.password);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (v: { code: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await call(auth.confirmTotp, { body: { code: v.code.trim() } });
      await enter();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  const notice =
    search.reason === 'expired' ? t('login.expired') : search.reason === 'loggedOut' ? t('login.loggedOut') : undefined;
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f3f5f8' }}>
      <Card
        style={{ width: 400 }}
        title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('app.title')}</h1>}
        extra={<LanguageSelect size="small" />}
      >
        {notice && !error && <Alert type="info" showIcon title={notice} style={{ marginBottom: 16 }} />}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            role="alert"
            data-testid="login-error"
            style={{ marginBottom: 16 }}
          />
        )}
        {reauth && !enrol ? (
          <Form layout="vertical" onFinish={reauthenticate} requiredMark={false}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('login.reauthTitle')}
            </Typography.Title>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.Password autoComplete="current-password" autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.reauthSubmit')}
            </Button>
          </Form>
        ) : !enrol ? (
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('login.title')}
            </Typography.Title>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {needTotp && (
              <Form.Item
                label={t('login.totp')}
                name="totp"
                extra={t('login.totpHint')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHint') }]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        ) : (
          <Form layout="vertical" onFinish={confirm} requiredMark={false}>
            <Typography.Title level={2} style={{ fontSize: 16 }}>
              {t('login.enrolTitle')}
            </Typography.Title>
            <Typography.Paragraph>{t('login.enrolHint')}</Typography.Paragraph>
            <Space align="start">
              <QRCode value={enrol.uri} size={140} />
              <div>
                <Typography.Text type="secondary">{t('login.secret')}</Typography.Text>
                <br />
                <Typography.Text code copyable data-testid="totp-secret">
                  {enrol.secret}
                </Typography.Text>
              </div>
            </Space>
            <Form.Item
              label={t('login.totp')}
              name="code"
              style={{ marginTop: 16 }}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHint') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.enrolSubmit')}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}

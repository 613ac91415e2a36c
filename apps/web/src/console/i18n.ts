import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { storedLanguage } from '../shared/language.ts';
import { en } from './i18n/en.ts';
import { zhCN } from './i18n/zh-CN.ts';
import { zhTW } from './i18n/zh-TW.ts';

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'zh-TW': { translation: zhTW }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export default i18n;

/** A label by code in the reader's language, or the server's own label for a code we do not know. */
export const codeLabel = (group: 'status' | 'action', code: string, serverLabel?: string) =>
  i18n.t(`${group}.${code}`, { defaultValue: serverLabel ?? code });

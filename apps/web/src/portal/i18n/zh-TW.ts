// Generated from zh-CN.ts by scripts/gen-zh-tw.ts (OpenCC, Taiwan phrases); reviewed by hand.
import type { Messages } from './zh-CN.ts';

export const zhTW: Messages = {
  "site": "河津市政務服務",
  "tagline": "辦事進度查詢 · 文書核驗 · 辦事指引",
  "nav": {
    "home": "首頁",
    "track": "辦件查詢",
    "verify": "文書核驗",
    "directory": "部門通訊錄",
    "signin": "登入",
    "me": "我的"
  },
  "a11y": {
    "skip": "跳到主要內容",
    "large": "大字模式",
    "normal": "標準字號",
    "language": "語言"
  },
  "home": {
    "track": "查辦件進度",
    "trackHint": "憑辦件編號和申請人身份證號後四位查詢",
    "verify": "核驗文書真偽",
    "verifyHint": "輸入文書上的核驗碼，或掃描文書上的二維碼",
    "directory": "找部門",
    "directoryHint": "各部門地址、電話和辦公時間",
    "signin": "居民登入",
    "signinHint": "用手機號和簡訊驗證碼登入，辦理預約、申請、投訴、評價"
  },
  "track": {
    "title": "辦件進度查詢",
    "number": "辦件編號",
    "numberHint": "受理回執上的編號，如 SQ-2026-000123",
    "idTail": "申請人身份證號後四位",
    "submit": "查詢",
    "notFound": "沒有找到這個辦件。請核對辦件編號和身份證號後四位。",
    "status": "當前狀態",
    "due": "承諾辦結日期",
    "paused": "補正材料期間暫停計時",
    "opened": "接件日期",
    "closed": "辦結日期",
    "steps": "辦理過程",
    "open": "辦理中",
    "done": "已辦結",
    "privacy": "為保護個人資訊，這裡只顯示辦理步驟和部門。"
  },
  "verify": {
    "title": "文書核驗",
    "code": "核驗碼",
    "codeHint": "文書底部的核驗碼，如 ABCD-EFGH-JKLM",
    "submit": "核驗",
    "valid": "這是一份真實有效的文書",
    "invalid": "未找到這個核驗碼對應的文書，文書可能不是本系統出具的。",
    "number": "文書編號",
    "kind": "文書名稱",
    "issuer": "出具單位",
    "issued": "出具日期",
    "caseNumber": "辦件編號",
    "scan": "用手機相機掃描文書上的二維碼，會自動開啟本頁並完成核驗。"
  },
  "directory": {
    "title": "部門通訊錄",
    "address": "地址",
    "phone": "電話",
    "hours": "辦公時間",
    "county": "市直部門",
    "call": "撥打"
  },
  "signin": {
    "title": "居民登入",
    "phone": "手機號碼",
    "code": "簡訊驗證碼",
    "send": "獲取驗證碼",
    "resend": "{{n}} 秒後重新獲取",
    "submit": "登入",
    "demoCode": "演示環境驗證碼：{{code}}（正式環境通過簡訊傳送）",
    "signedIn": "已登入：{{phone}}",
    "signOut": "登出",
    "later": "預約、申請、投訴和評價功能即將開通。",
    "sent": "驗證碼已傳送"
  },
  "step": {
    "open": "接件",
    "accept": "受理",
    "refuse": "不予受理",
    "requestMaterials": "一次性告知補正",
    "supplyMaterials": "補正材料",
    "review": "審核",
    "requestExtension": "申請延期",
    "approveExtension": "批准延期",
    "decide": "決定",
    "close": "辦結",
    "transfer": "轉辦",
    "setAssisting": "設定協辦部門",
    "assign": "指派承辦人",
    "supervise": "督辦"
  },
  "status": {
    "received": "已接件",
    "accepted": "已受理",
    "awaitingMaterials": "待補正",
    "reviewed": "已審核",
    "decided": "已決定",
    "closed": "已辦結",
    "refused": "不予受理"
  },
  "error": {
    "generic": "暫時無法完成，請稍後再試。",
    "required": "請填寫{{field}}"
  }
};

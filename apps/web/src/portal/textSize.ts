/** 适老化: a large-text mode for older residents, remembered on the device. */
const KEY = 'grassroots.largeText';
export const isLargeText = () => localStorage.getItem(KEY) === '1';
export function applyTextSize(large = isLargeText()) {
  localStorage.setItem(KEY, large ? '1' : '0');
  document.documentElement.classList.toggle('large-text', large);
}

/** A one-line progress display on stderr for long commands; plain lines when not on a terminal. */
export function progress(label: string) {
  let last = 0;
  const started = Date.now();
  return (done: number, total?: number) => {
    const now = Date.now();
    if (now - last < 500 && done !== total) return;
    last = now;
    const rate = Math.round(done / Math.max(0.001, (now - started) / 1000));
    const text = `${label}: ${done.toLocaleString('en')}${total ? ` / ${total.toLocaleString('en')} (${Math.floor((done / total) * 100)}%)` : ''}  ${rate.toLocaleString('en')}/s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${text}${done === total ? '\n' : ''}`);
    else process.stderr.write(`${text}\n`);
  };
}

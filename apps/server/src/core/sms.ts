import { maskPhone } from '@grassroots/contracts';

/** Where one-time codes go. A deployment plugs in its SMS gateway; without one nothing is sent. */
export interface SmsTransport {
  send(phone: string, text: string): Promise<void>;
  /** true when the code may also be shown on screen (the demo), never in production */
  readonly showsCode: boolean;
}

/**
 * No gateway: the log says a message was due, to whom (masked), never its text. A message's text may
 * hold a sign-in code, and logs travel (collectors, support tickets, backups) where codes must not.
 * The demo (showsCode) shows the code on the portal screen instead.
 */
export class NoSmsTransport implements SmsTransport {
  constructor(
    private readonly log: (msg: string) => void,
    readonly showsCode = false,
  ) {}
  async send(phone: string) {
    this.log(`[sms] to ${maskPhone(phone)}: not sent (no SMS gateway configured)`);
  }
}

/**
 * A developer's stand-in for the gateway (GRASSROOTS_SMS=console): prints the whole message on the
 * terminal, outside the server log. Refused in production (compose.ts).
 */
export class ConsoleSmsTransport implements SmsTransport {
  readonly showsCode = false;
  constructor(private readonly print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}
  async send(phone: string, text: string) {
    this.print(`[sms, development console] to ${phone}: ${text}`);
  }
}

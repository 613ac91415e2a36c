import { maskPhone } from '@grassroots/contracts';

/** Where one-time codes go. A deployment plugs in its SMS gateway; the default writes to the log. */
export interface SmsTransport {
  send(phone: string, text: string): Promise<void>;
  /** true when the code may also be shown on screen (the demo), never in production */
  readonly showsCode: boolean;
}

export class LogSmsTransport implements SmsTransport {
  constructor(private readonly log: (msg: string) => void, readonly showsCode = false) {}
  async send(phone: string, text: string) {
    // the log gets the masked number: the code is for the demo operator, the number is personal
    this.log(`[sms] to ${maskPhone(phone)}: ${text}`);
  }
}

import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string };
export type SentMail = Mail & { sent_at: string };

/** Where outgoing mail goes: an SMTP server, or (without one) the log and the dev mailbox. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** The dev mailbox's messages, newest last; absent when mail goes over SMTP. */
  readonly mailbox?: readonly SentMail[];
  close(): void;
}

const FROM = 'MCPShield <no-reply@mcpshield.local>';

/** Mail over SMTP (`MCPSHIELD_SMTP_URL`, `smtp://host:port` or `smtps://...`). */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from: FROM, ...mail });
    },
    close: () => transport.close(),
  };
}

/** Without SMTP: every message is written to stderr and kept in memory (the last 100) for the dashboard. */
export function devMailer(log: (line: string) => void = (l) => process.stderr.write(l)): Mailer {
  const mailbox: SentMail[] = [];
  return {
    mailbox,
    send(mail) {
      mailbox.push({ ...mail, sent_at: new Date().toISOString() });
      if (mailbox.length > 100) mailbox.shift();
      log(`mcpshield up: mail to ${mail.to}: ${mail.subject}\n${mail.text}\n`);
      return Promise.resolve();
    },
    close() {},
  };
}

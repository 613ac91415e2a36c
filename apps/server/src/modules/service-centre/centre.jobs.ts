import type { App } from '../../app.ts';
import { AppointmentsService } from './appointments.service.ts';

/** Booking confirmations by SMS, sent after the booking commits; the text is read again when the job runs. */
export async function startCentreJobs(app: App) {
  const appointments = new AppointmentsService(app.db, app.cipher, app.calendar, app.clock);
  await app.boss.work<{ appointmentId: string; event: 'booked' | 'cancelled' }>(
    'centre.appointment_sms',
    { batchSize: 10, pollingIntervalSeconds: 1 },
    async (jobs) => {
      for (const job of jobs) {
        const sms = await appointments.smsFor(job.data.appointmentId, job.data.event);
        if (sms) await app.sms.send(sms.phone, sms.text);
      }
    },
  );
  return { stop: () => app.boss.offWork('centre.appointment_sms') };
}

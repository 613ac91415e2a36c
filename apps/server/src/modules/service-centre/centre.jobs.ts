import { job, type ModuleContext } from '../../core/module.ts';
import type { AppointmentsService } from './appointments.service.ts';

declare module '../../core/jobs/jobs.ts' {
  interface JobMap {
    'centre.appointment_sms': { appointmentId: string; event: 'booked' | 'cancelled' };
  }
}

/** Booking confirmations by SMS, sent after the booking commits; the text is read again when the job runs. */
export function centreJobs(app: ModuleContext, appointments: AppointmentsService) {
  return [
    job({
      name: 'centre.appointment_sms',
      batchSize: 10,
      handle: async ({ appointmentId, event }) => {
        const sms = await appointments.smsFor(appointmentId, event);
        if (sms) await app.sms.send(sms.phone, sms.text);
      },
    }),
  ];
}

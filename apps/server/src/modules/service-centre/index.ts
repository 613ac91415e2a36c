export { AppointmentsService } from './appointments.service.ts';
export { departmentsInScope, requireDepartment } from './centre.repository.ts';
export { IntakeService } from './intake.service.ts';
export { QueueService } from './queue.service.ts';

import { z } from 'zod';
import { defineEndpoint, fileReply } from './endpoint.ts';

/** 办事指南: the printed face of the catalogue (cards, boards, the handbook) and the village consultants on them. */
const DivisionCode = z.string().regex(/^\d{6,12}$/);

export const VillageQuery = z.object({ village: DivisionCode });
export type VillageQuery = z.infer<typeof VillageQuery>;

export const CountyQuery = z.object({ county: DivisionCode });
export type CountyQuery = z.infer<typeof CountyQuery>;

export const TownshipQuery = z.object({ township: DivisionCode });
export type TownshipQuery = z.infer<typeof TownshipQuery>;

/** A village of a township and its consultant (便民服务咨询员), if one is set. */
export const VillageConsultant = z.object({
  code: z.string(),
  name: z.string(),
  consultant: z.string().nullable(),
  phone: z.string().nullable(),
});
export type VillageConsultant = z.infer<typeof VillageConsultant>;

export const SetConsultant = z.object({ name: z.string().max(40), phone: z.string().max(20) });
export type SetConsultant = z.infer<typeof SetConsultant>;

export const publications = {
  card: defineEndpoint({
    method: 'GET',
    path: '/public/publications/card',
    tags: ['public'],
    summary: "便民服务一卡通 A village's household card (PDF), regenerated when the catalogue changes",
    query: VillageQuery,
    response: fileReply('application/pdf', "the village's household card"),
  }),
  board: defineEndpoint({
    method: 'GET',
    path: '/public/publications/board',
    tags: ['public'],
    summary: '村务公开栏 The village notice board, poster size A2 (PDF)',
    query: VillageQuery,
    response: fileReply('application/pdf', 'the notice board poster, A2'),
  }),
  handbook: defineEndpoint({
    method: 'GET',
    path: '/public/publications/handbook',
    tags: ['public'],
    summary: "办事指南汇编 The handbook: every item's conditions, materials and steps, with contents (PDF)",
    query: CountyQuery,
    response: fileReply('application/pdf', "the county's handbook, with contents"),
  }),
  consultants: defineEndpoint({
    method: 'GET',
    path: '/public/consultants',
    tags: ['public'],
    summary: "便民服务咨询员 A township's village consultants",
    query: TownshipQuery,
    response: z.array(VillageConsultant),
  }),
  setConsultant: defineEndpoint({
    method: 'PUT',
    path: '/centre/consultants/:divisionCode',
    tags: ['service centre'],
    summary: "设置咨询员 Set a village's consultant (printed on its card)",
    params: z.object({ divisionCode: DivisionCode }),
    body: SetConsultant,
    response: z.object({ divisionCode: z.string(), name: z.string(), phone: z.string() }),
  }),
};

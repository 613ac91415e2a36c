import type { CategoryRoute } from '@grassroots/contracts';
import { type Actor, requirePermission } from '../../core/auth/actor.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/database.ts';
import { badInput } from '../../core/errors.ts';
import {
  categoryExists,
  findCategoryRoute,
  findParentCategoryCode,
  listCategories,
  setCategoryPublic,
  upsertCategoryRoute,
} from './complaint-categories.repository.ts';

/**
 * The category tree as configured: its usual dispatch (lead and assisting departments, inherited
 * from the nearest parent with a rule) and which categories Open311 may publish. Changes are audited.
 */
export class CategoriesService {
  constructor(private readonly db: Db) {}

  categories() {
    return listCategories(this.db);
  }

  /** The usual lead and assisting departments of a category, or of its nearest parent with a rule. */
  async suggestRoute(categoryCode: string) {
    for (let code: string | null = categoryCode; code;) {
      const route = await findCategoryRoute(this.db, code);
      if (route) return route;
      code = (await findParentCategoryCode(this.db, code)) ?? null;
    }
    return null;
  }

  async setRoute(actor: Actor, category: string, route: CategoryRoute) {
    requirePermission(actor, 'config.manage');
    if (!(await categoryExists(this.db, category))) throw badInput('category', '诉求分类不存在', 'No such category');
    return this.db.transaction().execute(async (tx) => {
      await upsertCategoryRoute(tx, category, route);
      await recordAudit(tx, {
        action: 'complaint.route_set',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'complaint_category',
        targetId: category,
        details: route,
      });
      return { category, ...route };
    });
  }

  /** Open311 publishes a category's matters (summary, village, coarse position) only once it is marked public. */
  async setPublication(actor: Actor, category: string, body: { public: boolean }) {
    requirePermission(actor, 'config.manage');
    return this.db.transaction().execute(async (tx) => {
      if (!(await setCategoryPublic(tx, category, body.public)))
        throw badInput('category', '诉求分类不存在', 'No such category');
      await recordAudit(tx, {
        action: 'complaint.category_publication',
        actorId: actor.id,
        actorName: actor.username,
        ip: actor.ip ?? null,
        targetType: 'complaint_category',
        targetId: category,
        details: body,
      });
      return { category, public: body.public };
    });
  }
}

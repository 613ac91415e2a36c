import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * The database's schema as sorted text lines: tables and columns, constraints, indexes, functions,
 * triggers, comments and table grants. Object ids and creation order do not show, so two databases
 * migrated by differently split files compare equal exactly when they hold the same schema.
 */
export async function schemaSnapshot(db: Db): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || ordinal_position || ' ' || data_type || ' ' ||
           is_nullable || ' ' || coalesce(column_default, '') || ' ' || is_generated || ' ' || coalesce(generation_expression, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL
    SELECT 'function ' || pg_get_functiondef(p.oid) || coalesce(' -- ' || obj_description(p.oid, 'pg_proc'), '')
      FROM pg_proc p WHERE pronamespace = 'public'::regnamespace AND prokind = 'f'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'comment ' || c.relname || coalesce('.' || a.attname, '') || ' ' || d.description
      FROM pg_description d JOIN pg_class c ON c.oid = d.objoid AND d.classoid = 'pg_class'::regclass
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
     WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'grant ' || grantee || ' ' || privilege_type || ' ' || table_name
      FROM information_schema.role_table_grants WHERE table_schema = 'public'
    UNION ALL
    SELECT 'column grant ' || grantee || ' ' || privilege_type || ' ' || table_name || '.' || column_name
      FROM information_schema.column_privileges WHERE table_schema = 'public' AND table_name = 'audit_log'
    UNION ALL
    SELECT 'sequence ' || sequence_name || ' ' || data_type FROM information_schema.sequences WHERE sequence_schema = 'public'
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension`.execute(db);
  return rows.map((r) => r.line).sort();
}

import type { Core } from '@strapi/strapi';

/**
 * A fault in the database itself, on SQLite and PostgreSQL alike: every insert into `table` of a
 * row where `column` equals `value` fails (a trigger raises), until the returned function removes it.
 * For tests that a write and the ones it belongs with are all undone when one of them fails.
 */
export const refuseInserts = async (strapi: Core.Strapi, table: string, column: string, value: string) => {
  const knex = strapi.db.connection;
  const name = `refuse_${table}_${column}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 60);
  const message = `injected fault: no ${table} row with ${column} = ${value}`.replace(/'/g, '');
  const literal = `'${value.replace(/'/g, "''")}'`;
  if (strapi.db.dialect.client === 'postgres') {
    await knex.raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await knex.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW WHEN (NEW.${column} = ${literal}) EXECUTE FUNCTION ${name}()`);
    return async () => {
      await knex.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await knex.raw(`DROP FUNCTION IF EXISTS ${name}()`);
    };
  }
  await knex.raw(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} WHEN NEW.${column} = ${literal} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  return async () => {
    await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  };
};

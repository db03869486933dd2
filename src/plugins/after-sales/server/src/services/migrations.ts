import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { pluginMigrations, type MigrationSettings } from '../migrations';
import { getService } from '../utils/get-service';
import { TABLES } from '../constants';

type MigrationModule = { up(knex: Knex): Promise<void>; down?(knex: Knex): Promise<void> };

/**
 * Runs knex migrations after Strapi's schema sync (Strapi's own `database/migrations` run before
 * the sync, when the content-type tables may not exist yet, and only as .js files). Two sources:
 * the plugin's own tables, and the app's `database/migrations/*.ts` (compiled into dist) that add
 * indexes and constraints to content-type tables. knex's lock table keeps concurrent boots safe.
 */
const migrations = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  const fromList = (list: { name: string; up(knex: Knex, settings: MigrationSettings): Promise<void> }[]): Knex.MigrationSource<string> => ({
    getMigrations: async () => list.map((m) => m.name),
    getMigrationName: (name) => name,
    getMigration: async (name) => {
      const migration = list.find((m) => m.name === name);
      if (!migration) throw new Error(`Unknown migration ${name}`);
      // The settings a data migration reads (e.g. the phone region of the contact backfill).
      const settings: MigrationSettings = { phoneRegion: getService(strapi, 'contact-data').phoneRegion() };
      return { up: (db: Knex) => migration.up(db, settings), down: async () => undefined };
    },
  });

  const fromDirectory = (directory: string): Knex.MigrationSource<string> => {
    const files = fs.existsSync(directory)
      ? fs
          .readdirSync(directory)
          .filter((f) => f.endsWith('.js'))
          .sort()
      : [];
    return fromList(
      files.map((file) => {
        // A compiled ES module exports it as `default`.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod: Partial<MigrationModule> & { default?: Partial<MigrationModule> } = require(path.join(directory, file));
        const up = mod.up ?? mod.default?.up;
        if (typeof up !== 'function') throw new Error(`Migration ${file} exports no up()`);
        return { name: file.replace(/\.js$/, ''), up };
      })
    );
  };

  return {
    async migratePlugin() {
      await knex().migrate.latest({
        tableName: TABLES.pluginMigrations,
        migrationSource: fromList(pluginMigrations),
      });
    },
    /** The app's migrations, compiled from database/migrations/*.ts into dist. */
    async migrateApp() {
      const directory = path.join(strapi.dirs.dist.root, 'database', 'migrations');
      await knex().migrate.latest({
        tableName: TABLES.appMigrations,
        migrationSource: fromDirectory(directory),
      });
    },
    /** Migrations not applied yet (plugin and app); a missing bookkeeping table counts as none applied. */
    async pending(): Promise<string[]> {
      const done = async (tableName: string) => {
        try {
          return new Set((await knex()(tableName).select('name')).map((r: { name: string }) => r.name));
        } catch {
          return new Set<string>();
        }
      };
      const appDirectory = path.join(strapi.dirs.dist.root, 'database', 'migrations');
      const appNames = fs.existsSync(appDirectory)
        ? fs
            .readdirSync(appDirectory)
            .filter((f) => f.endsWith('.js'))
            .map((f) => f.replace(/\.js$/, ''))
        : [];
      const [plugin, app] = await Promise.all([done(TABLES.pluginMigrations), done(TABLES.appMigrations)]);
      return [...pluginMigrations.map((m) => m.name).filter((n) => !plugin.has(n)), ...appNames.filter((n) => !app.has(n))];
    },
  };
};

export default migrations;

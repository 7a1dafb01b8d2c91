// env.mjs - where the running stack is: the repository, var/, the port
// tools/up serves on, and the programs the tests drive.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD = path.resolve(process.env.SME_BUILD || path.join(ROOT, 'build'));
export const VAR = path.resolve(process.env.SME_VAR || path.join(ROOT, 'var'));
export const PORT = Number(process.env.SME_PORT || 8080);
export const BASE = `http://127.0.0.1:${PORT}`;
export const SME_CONFIG = path.join(VAR, 'sme.conf');
export const ADMIN_BIN = path.join(BUILD, 'sme-admin');
export const MARIADB_TOOL = path.join(ROOT, 'tools', 'mariadb');
export const MASTER_PIDFILE = path.join(VAR, 'run', 'sme-account.pid');
export const SCREENSHOTS = path.join(VAR, 'screenshots');

// The password tools/demo gives the demo accounts (HTTP.md, Local runs).
export const DEMO_PASSWORD = process.env.SME_DEMO_PASSWORD || 'Demo-2026!';

// The zh-CN role names the pages show (lib/app.c app_roles).
export const ROLE_NAMES = {
  enterprise: '企业用户',
  county: '县（市、区）工信部门',
  city: '设区市工信部门',
  province: '省工信厅',
};

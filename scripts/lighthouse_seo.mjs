// Lighthouse's SEO audits of each URL given, run in one headless Chromium; prints JSON:
// {url: {score, failed: [{id, title, items}], runtimeError}}.
//
//   node scripts/lighthouse_seo.mjs http://127.0.0.1:8000/en/ http://127.0.0.1:8000/cs/ ...
//
// Lighthouse and chrome-launcher come from TOOLS_DIR (default .tools, where `make test` installs them);
// the browser is CHROME_PATH (default Debian's /usr/bin/chromium).
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

const toolsDir = path.resolve(process.env.TOOLS_DIR || '.tools');
const requireFromTools = createRequire(path.join(toolsDir, 'package.json'));
const load = async (name) => import(pathToFileURL(requireFromTools.resolve(name)).href);
const lighthouse = (await load('lighthouse')).default;
const chromeLauncher = await load('chrome-launcher');

const urls = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const results = {};
try {
  for (const url of urls) {
    const runner = await lighthouse(url, {port: chrome.port, onlyCategories: ['seo'], logLevel: 'error', output: 'json'});
    const lhr = runner.lhr;
    const failed = lhr.categories.seo.auditRefs
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({id: audit.id, title: audit.title, items: (audit.details && audit.details.items) || []}));
    results[url] = {score: lhr.categories.seo.score, failed, runtimeError: lhr.runtimeError || null};
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');

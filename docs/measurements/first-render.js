const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const base = process.argv[2] ?? 'http://127.0.0.1:21880'; // the host's address
  const fcp = async () => page.evaluate(() => { const p = performance.getEntriesByName('first-contentful-paint')[0]; const n = performance.getEntriesByType('navigation')[0]; return { fcp: p ? Math.round(p.startTime) : null, dcl: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) }; });
  await page.goto(base + '/'); await page.waitForLoadState('load'); console.log('sign-in', JSON.stringify(await fcp()));
  const token = await page.evaluate(async () => (await (await fetch('/api/v1/auth/token', {method:'POST', headers:{'content-type':'application/json'}, body: JSON.stringify({userName:'supervisor1', password:'demo'})})).json()));
  await page.evaluate(t => sessionStorage.setItem('crmhub.session', JSON.stringify(t)), token);
  for (const path of ['/agent', '/supervisor', '/agent', '/supervisor']) { await page.goto(base + path); await page.waitForLoadState('load'); console.log(path, JSON.stringify(await fcp())); }
  await browser.close();
})();

import { bootStrapi, stopStrapi } from '../helpers/strapi';

/** A bad setting stops the start with a message naming the variable (config/plugins.ts → plugin config validator). */
it('refuses to start with a bad AFTER_SALES_* value, naming the variable', async () => {
  await expect(bootStrapi({ env: { AFTER_SALES_DISPATCH_INTERVAL_MS: 'soon', AFTER_SALES_TIME_ZONE: 'Mars/Olympus' } })).rejects.toThrow(
    /after-sales config is invalid:[\s\S]*"timeZone" \(AFTER_SALES_TIME_ZONE\)[\s\S]*"dispatchIntervalMs" \(AFTER_SALES_DISPATCH_INTERVAL_MS\) must be a whole number above 0, got NaN/
  );
  // The app's other loaders run beside the plugin's and are still importing files: let them finish.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  delete process.env.AFTER_SALES_DISPATCH_INTERVAL_MS;
  delete process.env.AFTER_SALES_TIME_ZONE;
  await stopStrapi(undefined);
});

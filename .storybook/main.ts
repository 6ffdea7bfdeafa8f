import { defineMain } from '@storybook/html-vite/node';

// Stories run entirely in the browser (the fake cloud is the fetch handler): no server, no network.
export default defineMain({
  framework: { name: '@storybook/html-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true, enableCrashReports: false },
});

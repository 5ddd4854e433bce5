// The one place the embedding forms import the app from (PAGE_CONTRACT.md, "page-app → web/src/app/app.ts").
export { mountApp } from '../app/app';
export type { AppHandle, AppOptions } from '../app/app';

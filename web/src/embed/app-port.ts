// The one place the embedding forms import the app from. Until page-app's mountApp lands on main this points
// at the temporary stand-in; afterwards at ../app/app (PAGE_CONTRACT.md, "page-app → web/src/app/app.ts").
export { mountApp } from './temporary-app';
export type { AppHandle, AppOptions } from './temporary-app';

// The bundle inlines package.json's version, so the CLI reports the version it was built from.
import { version } from '../../package.json';

export const VERSION: string = version;

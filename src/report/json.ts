import { jsonText } from './safe-text.js';
import type { Formatter } from './types.js';

/** Machine-readable report; its schema is published in schemas/report.schema.json. */
export const formatJson: Formatter = (report) => jsonText(report);

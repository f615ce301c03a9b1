export interface GeneratedEntry {
  code: string;
  status: number;
  meaning: string;
  handling: string;
  /** Section number (heading `## Section N`); entries without one are grouped 50 a section by position. */
  section?: number;
}
export function entry(i: number, revision?: number): GeneratedEntry;
export function render(entries: GeneratedEntry[]): string;
export function generateRegistry(n: number): string;
export function evolveRegistry(n: number): { markdown: string; counts: { removed: number; reworded: number; statusChanged: number; added: number } };
export function generateHistory(dir: string, options: { revisions: number; codes: number; path?: string }): { breaks: number };

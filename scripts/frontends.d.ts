export interface Project {
  name: string;
  repository: string;
  commit: string;
  licence: string;
  include: string[];
  exclude?: string[];
}
export interface CorpusReport {
  project: string;
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}
export interface Expected {
  registry: string;
  branches: { project: string; file: string; line: number; what: string }[];
  reports: { rule: string; project: string; file: string; line: number; column: number; verdict: string; why: string; code?: string }[];
}
export interface Measure {
  branches: number;
  found: number;
  recall: number;
  detailReports: number;
  correct: number;
  precision: number;
  codeReports: number;
  verdicts: Record<string, number>;
}
export const MANIFEST: string;
export const EXPECTED: string;
export const RESULTS: string;
export const CORPUS_DIR: string;
export function readManifest(): Project[];
export function materialise(options?: { quiet?: boolean }): { dir: string; ready: Project[]; missing: Project[] };
export function mentioning(dir: string, words: string[]): string[];
export function lintCorpus(options: {
  plugin: unknown;
  typed?: boolean;
  registry?: string;
  projects?: Project[];
  extraRules?: Record<string, unknown>;
  onlyMentioning?: string[];
  /** Where the projects' files are (default: the materialised corpus). */
  dir?: string;
}): Promise<CorpusReport[]>;
export function measure(expected: Expected): Measure;
export function renderResults(expected: Expected, projects?: Project[]): string;

export const OUTPUT: string;
export function validatorsSource(): string;

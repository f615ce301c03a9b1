/** Placeholder ESLint plugin; the rules land with the ESLint plugin issue. */
const plugin = { meta: { name: 'error-registry-guard', version: '0.1.0' }, rules: {}, configs: {} };
export default plugin;

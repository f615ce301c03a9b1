const { Parser, Language } = require('web-tree-sitter');
(async () => {
  await Parser.init();
  const lang = await Language.load(`node_modules/tree-sitter-wasms/out/tree-sitter-dart.wasm`);
  const p = new Parser(); p.setLanguage(lang);
  const src = require('fs').readFileSync(process.argv[2],'utf8');
  console.log(p.parse(src).rootNode.toString().replace(/\((?=[a-z_]+)/g,'\n(').slice(0,6000));
})();

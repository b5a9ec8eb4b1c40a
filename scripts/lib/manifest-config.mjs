// Configuration of the custom elements manifest analyser (scripts/manifest.mjs).

/**
 * An element's own type for a property it overrides (`override messages:
 * ImportMessages & Messages`): the analyser 0.11 writes the base's type over
 * it when it applies inheritance.
 */
function overrideTypes() {
  const own = new Map();
  return {
    name: 'fovea-override-types',
    analyzePhase({ ts, node }) {
      if (!ts.isPropertyDeclaration(node) || !node.type || !ts.isClassDeclaration(node.parent) || !node.parent.name)
        return;
      if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.OverrideKeyword)) return;
      own.set(`${node.parent.name.text}.${node.name.getText()}`, node.type.getText());
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          declaration.members = declaration.members?.map((member) => {
            const type = own.get(`${declaration.name}.${member.name}`);
            return type ? { ...member, type: { text: type } } : member;
          });
        }
      }
    },
  };
}

/**
 * The element-specific client type where DicomWebSourceMixin declares it
 * generically: `client` and `activeClient` are `C | undefined` in the mixin,
 * and the analyser has no type checker to resolve `C`. Each element names its
 * `C` as the type argument of `clientMaker<C>(…)`; a mixin call without one
 * fails the build, so the manifest never shows a bare `C`.
 */
function sourceClientType() {
  const clientTypes = new Map();
  return {
    name: 'fovea-source-client-type',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const base = node.heritageClauses?.[0]?.types[0]?.expression;
      if (!base || !ts.isCallExpression(base) || base.expression.getText() !== 'DicomWebSourceMixin') return;
      const maker = base.arguments[1];
      const type =
        maker && ts.isCallExpression(maker) && maker.expression.getText() === 'clientMaker'
          ? maker.typeArguments?.[0]?.getText()
          : undefined;
      if (!type) throw new Error(`${node.name.text}: pass its client maker as clientMaker<ClientType>(…)`);
      clientTypes.set(node.name.text, type);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const type = clientTypes.get(declaration.name);
          if (!type) continue;
          // Inherited members are shared between the elements: copy before naming the type.
          declaration.members = declaration.members?.map((member) =>
            member.type && /\bC\b/.test(member.type.text)
              ? { ...member, type: { ...member.type, text: member.type.text.replace(/\bC\b/g, type) } }
              : member,
          );
        }
      }
    },
  };
}

export default { plugins: [sourceClientType(), overrideTypes()] };

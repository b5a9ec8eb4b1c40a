import { noChange } from 'lit';
import { directive, Directive, PartType, type AttributePart, type PartInfo } from 'lit/directive.js';

/** Style properties by name (camelCase or dash-case; custom properties as `--name`); null or undefined removes one. */
export type StyleProps = Readonly<Record<string, string | number | null | undefined>>;

const dashed = (name: string) =>
  name.includes('-') ? name : name.replace(/(?:^(webkit|moz|ms|o)|)(?=[A-Z])/g, '-$&').toLowerCase();

/**
 * Lit's `styleMap`, without its first render: `styleMap` writes the whole
 * `style` attribute once (a string), which a Content-Security-Policy with
 * `style-src` but no `'unsafe-inline'` blocks (`style-src-attr`). This sets
 * every property through the CSSOM (`style.setProperty`), which such a policy
 * allows, on the first render as on every other.
 */
class StylePropsDirective extends Directive {
  #previous = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ATTRIBUTE || partInfo.name !== 'style' || (partInfo.strings?.length ?? 0) > 2)
      throw new Error('styleProps must be the only binding of a style attribute');
  }

  render(_props: StyleProps): typeof noChange {
    return noChange;
  }

  override update(part: AttributePart, [props]: [StyleProps]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const name of this.#previous) {
      if (props[name] === null || props[name] === undefined) {
        this.#previous.delete(name);
        style.removeProperty(dashed(name));
      }
    }
    for (const [name, value] of Object.entries(props)) {
      if (value === null || value === undefined) continue;
      this.#previous.add(name);
      style.setProperty(dashed(name), String(value));
    }
    return noChange;
  }
}

/** Sets style properties of an element from a template (`style=${styleProps({...})}`) without an inline style attribute. */
export const styleProps = directive(StylePropsDirective);

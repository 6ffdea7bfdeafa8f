/**
 * The smallest DOM helpers the widgets need, so that each component reads like a template.
 * A component is an element plus `destroy()`, like an Angular component's `ngOnDestroy`.
 */
export interface Component {
  readonly element: HTMLElement;
  /** Unsubscribes everything the component started. */
  destroy(): void;
}

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | number | null | undefined | false;

/** `h('td', { class: 'mono' }, text)`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

/** A labelled number input (`<label>Pool size <input type=number></label>`). */
export function numberField(label: string, value: number, min: number, max: number): HTMLInputElement {
  return h('input', { type: 'number', value, min, max, 'aria-label': label });
}

/** Several components side by side (or stacked) as one; `destroy()` destroys them all. */
export function compose(className: string, ...parts: Component[]): Component {
  return {
    element: h('div', { class: className }, ...parts.map((p) => p.element)),
    destroy: () => parts.forEach((p) => p.destroy()),
  };
}

/** A short, readable error text: `Code: message`. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

import type { Component } from './dom.js';

// The component shown in each canvas (the story canvas, or one per story on a docs page).
const mounted = new Map<HTMLElement, Component>();

/**
 * Shows `component` in `canvas` and destroys what that canvas showed before (the previous story,
 * or the same story before its args changed), and any component no longer on the page. This is
 * the Storybook side of "subscribe on mount, unsubscribe on destroy".
 */
export function mount(canvas: HTMLElement, component: Component): HTMLElement {
  mounted.get(canvas)?.destroy();
  mounted.delete(canvas);
  for (const [other, previous] of mounted) {
    if (!other.isConnected) {
      previous.destroy();
      mounted.delete(other);
    }
  }
  mounted.set(canvas, component);
  return component.element;
}

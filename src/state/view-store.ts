import { create } from 'zustand';
import type { KlEstimator } from '../engine/model/backend';
import type { Lang, View } from './url';

/** How the page is shown (not part of the run): language, projector mode, palette, which token is inspected. */
export interface ViewState {
  view: View;
  lang: Lang;
  projector: boolean;
  colourSafe: boolean;
  /** Test hooks on (debug=1 in the link). */
  debug: boolean;
  /** The token cell under the pointer, or with the keyboard focus, or tapped (Inspect shows every tensor there). */
  inspected: { b: number; t: number } | null;
  /** The token whose next-token probabilities the sampling panel shows. */
  focused: { b: number; t: number };
  /** Which KL estimator the feedback heat-table shows (computed from the shown log-probs). */
  klView: KlEstimator;
  /** Rows of the B×T tables shown (the rest behind "show all"). */
  rows: number;
}

export const useViewStore = create<ViewState>(() => ({
  view: 'playground',
  lang: 'en',
  projector: false,
  colourSafe: false,
  debug: false,
  inspected: null,
  focused: { b: 0, t: 0 },
  klView: 'k1',
  rows: 8,
}));

export const cellInspected = (cell: { b: number; t: number } | null) => useViewStore.setState({ inspected: cell });
/** A mouse pointer over token (b, t): inspected. Touch and pen are not hovering — a tap focuses the cell, which inspects it. */
export const hovered = (e: { pointerType: string }, b: number, t: number) => {
  if (e.pointerType === 'mouse') cellInspected({ b, t });
};
export const klViewChosen = (klView: KlEstimator) => useViewStore.setState({ klView });
export const rowsChosen = (rows: number) => useViewStore.setState({ rows });
export const projectorToggled = () => useViewStore.setState((s) => ({ projector: !s.projector }));
export const paletteToggled = () => useViewStore.setState((s) => ({ colourSafe: !s.colourSafe }));

// The user's preferred display (mag or flux) survives moving between sources, so it lives in the store.
import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { DisplayUnit } from './types';

export interface PhotometryUiState {
  format: DisplayUnit;
}

export const photometrySlice = createSlice({
  name: 'photometry',
  initialState: { format: 'mag' } as PhotometryUiState,
  reducers: {
    formatChosen: (state, action: PayloadAction<DisplayUnit>) => {
      state.format = action.payload;
    },
  },
});

export const { formatChosen } = photometrySlice.actions;

/** Falls back to mag when a host has not injected the reducer (e.g. a test page). */
export const selectFormat = (state: { photometry?: PhotometryUiState }): DisplayUnit => state.photometry?.format ?? 'mag';

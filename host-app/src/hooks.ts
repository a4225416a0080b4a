import { useDispatch, useSelector, type TypedUseSelectorHook } from 'react-redux';
import type { AppDispatch, RootState } from './store';

export const useAppDispatch: () => AppDispatch = useDispatch;
export const useAppSelector: TypedUseSelectorHook<RootState> = useSelector;

export function useProfile() {
  const session = useAppSelector((state) => state.session);
  return session.status === 'signed-in' ? session.profile : null;
}

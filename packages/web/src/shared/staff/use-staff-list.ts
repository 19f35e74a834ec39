import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { rowAction } from './action.js';
import { type ApiProblem, asProblem } from './api.js';

/**
 * The state every staff worklist page keeps: the rows `load` answers (loaded on mount and again
 * whenever `deps` change, as `useCallback`'s), the last coded problem and the last notice, and
 * `act`, the page's {@link rowAction} (clear the problem, call, say it is done, reload).
 */
export function useStaffList<T>(load: () => Promise<T[]>, deps: DependencyList) {
  const [items, setItems] = useState<T[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [notice, setNotice] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setItems(await load());
    } catch (e) {
      setProblem(asProblem(e));
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  const act = rowAction({ setProblem, setNotice, reload });
  return { items, problem, setProblem, notice, setNotice, reload, act };
}

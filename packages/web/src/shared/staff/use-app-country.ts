import { useEffect, useState } from 'react';
import { readAppConfig } from '../app-config.js';
import { BASE } from '../router.js';

/** The serving node's country, from `config.json` (the default country of issued entries). */
export function useAppCountry(): string | undefined {
  const [country, setCountry] = useState<string>();
  useEffect(() => {
    fetch(`${BASE}config.json`, { cache: 'no-store' })
      .then((r) => r.json())
      .then((v) => setCountry(readAppConfig(v)?.country ?? ''))
      .catch(() => setCountry(''));
  }, []);
  return country;
}

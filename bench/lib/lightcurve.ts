/**
 * A realistic light curve for benches: ZTF-like cadence with seasonal gaps, an AGN-like random walk
 * plus one flare, errors growing towards the limit, and non-detections below each night's limiting
 * mag; the same points every run (seeded). In the upload format of POST /api/photometry.
 */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function lightCurve(count: number) {
  const random = mulberry32(20261124);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const filters = [
    { name: 'ztfg', base: 18.9, share: 0.42 },
    { name: 'ztfr', base: 18.4, share: 0.42 },
    { name: 'ztfi', base: 18.1, share: 0.16 },
  ];
  const mjd: number[] = [];
  const filter: string[] = [];
  const mag: (number | null)[] = [];
  const magerr: (number | null)[] = [];
  const limitingMag: number[] = [];
  let t = 58000; // 2017-09
  let walk = 0;
  let detections = 0;
  while (mjd.length < count) {
    t += 0.05 + random() * 0.35; // several visits a night, in turn through the filters
    const season = ((t - 58000) % 365.25) / 365.25;
    if (season > 0.7) continue; // the field is behind the Sun for ~4 months a year
    walk = walk * 0.995 + gauss() * 0.03;
    const flare = t > 59300 && t < 59600 ? -2.2 * (t > 59330 ? Math.exp(-(t - 59330) / 40) : Math.exp((t - 59330) / 6)) : 0;
    const pick = random();
    const f = pick < filters[0]!.share ? filters[0]! : pick < filters[0]!.share + filters[1]!.share ? filters[1]! : filters[2]!;
    const badWeather = random() < 0.06;
    const limit = (badWeather ? 17.8 + random() * 1.4 : 20.6 + gauss() * 0.3) + (f.name === 'ztfi' ? -0.4 : 0);
    const trueMag = f.base + walk + flare * (f.name === 'ztfg' ? 1.15 : 1);
    const error = 0.012 + 0.05 * 10 ** (0.4 * (trueMag - limit + 1.2));
    mjd.push(Number((t + random() * 0.01).toFixed(6)));
    filter.push(f.name);
    limitingMag.push(Number(limit.toFixed(3)));
    if (trueMag < limit - 0.1 && error < 0.3) {
      mag.push(Number((trueMag + gauss() * error).toFixed(4)));
      magerr.push(Number(error.toFixed(4)));
      detections += 1;
    } else {
      mag.push(null);
      magerr.push(null);
    }
  }
  return { mjd, filter, mag, magerr, limiting_mag: limitingMag, detections };
}

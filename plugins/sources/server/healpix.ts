/**
 * The HEALPix index SkyPortal gives each obj (`healpix`): nested scheme at order 29 (Nside 2^29,
 * pixels of about 0.4 milliarcseconds), in ICRS, as healpix-alchemy stores it. Computed from the
 * position when an obj is answered, not stored: our cone search uses its own zones index
 * (cone.ts), so the column would only cost a write.
 *
 * The math is that of Górski et al. 2005 (ApJ 622, 759), worked on the unit vector with the same
 * conventions as astropy-healpix (the reference SkyPortal's clients compare with), ties on pixel
 * edges included: a point exactly on an edge (ra 0, dec 0) falls in the same pixel as there.
 * Above 2^53, so a `bigint`.
 */
const ORDER = 29;
const NSIDE = 2 ** ORDER;
const QUARTER_TURN = Math.PI / 2;
const DEG = Math.PI / 180;

/** The bits of a 29-bit integer moved to the even positions of a 58-bit one (nested indexing). */
function spreadBits(value: number): bigint {
  let bits = BigInt(value);
  let spread = 0n;
  for (let shift = 0n; bits; shift += 2n, bits >>= 1n) if (bits & 1n) spread |= 1n << shift;
  return spread;
}

/** Which base pixel (0-11) a point falls in, and its (x, y) within it in units of fine pixels. */
function basePixel(vx: number, vy: number, vz: number): { base: number; x: number; y: number } {
  let phi = Math.atan2(vy, vx);
  if (phi < 0) phi += 2 * Math.PI;
  // Longitude within its quarter of the sky, and which quarter (0-3).
  const phiInQuarter = phi % QUARTER_TURN;
  const quarter = ((Math.round((phi - phiInQuarter) / QUARTER_TURN) % 4) + 4) % 4;

  if (vz >= 2 / 3 || vz <= -2 / 3) {
    // Polar caps (eqs. 19 and 20 of the paper), in the same algebraic form as astropy-healpix.
    const north = vz >= 2 / 3;
    const capDepth = (1 - Math.abs(vz)) * 3;
    const along = (NSIDE * 2 * phiInQuarter) / Math.PI;
    const across = (NSIDE * (2 * phiInQuarter - Math.PI)) / Math.PI;
    const kx = Math.sqrt(Math.max(0, capDepth * (across * across)));
    const ky = Math.sqrt(Math.max(0, capDepth * (along * along)));
    return north ? { base: quarter, x: NSIDE - kx, y: NSIDE - ky } : { base: 8 + quarter, x: ky, y: kx };
  }
  // Equatorial belt: the quarter's (phi, z) square, cut by its diagonals into four base pixels.
  const zUnits = (vz + 2 / 3) / (4 / 3);
  const phiUnits = phiInQuarter / QUARTER_TURN;
  const x = (zUnits + phiUnits) * NSIDE;
  const y = (zUnits - phiUnits + 1) * NSIDE;
  if (x >= NSIDE) return y >= NSIDE ? { base: quarter, x: x - NSIDE, y: y - NSIDE } : { base: ((quarter + 1) % 4) + 4, x: x - NSIDE, y };
  return y >= NSIDE ? { base: quarter + 4, x, y: y - NSIDE } : { base: 8 + quarter, x, y };
}

/** HEALPix nested index at order 29 of a position in degrees. */
export function healpixIndex(raDeg: number, decDeg: number): bigint {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const { base, x, y } = basePixel(Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec));
  const column = Math.max(0, Math.min(NSIDE - 1, Math.floor(x)));
  const row = Math.max(0, Math.min(NSIDE - 1, Math.floor(y)));
  return (BigInt(base) << BigInt(2 * ORDER)) + spreadBits(column) + (spreadBits(row) << 1n);
}

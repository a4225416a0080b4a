/**
 * Galactic coordinates of an obj (`gal_lon`, `gal_lat`, degrees) as SkyPortal answers them, with
 * astropy's definition of the transformation: ICRS to FK5 J2000 by the frame tie of USNO
 * Circular 179 (Kaplan 2005: η0 = −19.9 mas, ξ0 = 9.1 mas, dα0 = −22.9 mas), then FK5 J2000 to
 * Galactic by the north galactic pole at (192.8594812065348°, 27.12825118085622°) and the
 * galactic longitude of the celestial pole, 122.9319185680026° (Liu, Zhu & Zhang 2011, A&A 526,
 * A16, astropy's J2000 values). Agrees with astropy to well below a microarcsecond.
 */
type Matrix = [[number, number, number], [number, number, number], [number, number, number]];

const DEG = Math.PI / 180;
const MAS = DEG / 3.6e6;

/** Rotation of the frame by `angle` (radians) about an axis, as astropy's `rotation_matrix`. */
function rotation(axis: 0 | 1 | 2, angle: number): Matrix {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  if (axis === 0)
    return [
      [1, 0, 0],
      [0, c, s],
      [0, -s, c],
    ];
  if (axis === 1)
    return [
      [c, 0, -s],
      [0, 1, 0],
      [s, 0, c],
    ];
  return [
    [c, s, 0],
    [-s, c, 0],
    [0, 0, 1],
  ];
}

function product(a: Matrix, b: Matrix): Matrix {
  const cell = (i: number, j: number) => a[i]![0] * b[0]![j]! + a[i]![1] * b[1]![j]! + a[i]![2] * b[2]![j]!;
  return [0, 1, 2].map((i) => [cell(i, 0), cell(i, 1), cell(i, 2)]) as Matrix;
}

const FRAME_TIE = product(product(rotation(0, 19.9 * MAS), rotation(1, 9.1 * MAS)), rotation(2, -22.9 * MAS));
const FK5_TO_GALACTIC = product(
  product(rotation(2, (180 - 122.9319185680026) * DEG), rotation(1, (90 - 27.12825118085622) * DEG)),
  rotation(2, 192.8594812065348 * DEG),
);
const ICRS_TO_GALACTIC = product(FK5_TO_GALACTIC, FRAME_TIE);

/** Galactic longitude in [0, 360) and latitude of an ICRS position, degrees. */
export function galactic(raDeg: number, decDeg: number): { gal_lon: number; gal_lat: number } {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const v = [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)] as const;
  const [x, y, z] = ICRS_TO_GALACTIC.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]) as [number, number, number];
  const lon = Math.atan2(y, x) / DEG;
  return { gal_lon: lon < 0 ? lon + 360 : lon, gal_lat: Math.atan2(z, Math.hypot(x, y)) / DEG };
}

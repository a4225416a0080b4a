// Photometry points as GET /api/sources/:id/photometry returns them (SkyPortal field names).
export interface PhotometryPoint {
  id: number;
  obj_id: string;
  mjd: number;
  filter: string;
  instrument_id: number | null;
  instrument_name: string | null;
  origin: string | null;
  magsys: string | null;
  mag: number | null;
  magerr: number | null;
  limiting_mag: number | null;
  flux: number | null;
  fluxerr: number | null;
  zp: number | null;
  ra: number | null;
  dec: number | null;
}

export type PhotometryFormat = 'mag' | 'flux';

import { Link } from 'react-router-dom';

export function NotFoundPage() {
  return (
    <div className="sp-page">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </div>
  );
}

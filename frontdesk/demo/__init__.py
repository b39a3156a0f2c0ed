"""Demo data: a site's customers, complaints, disposition forms and letters written as in practice."""

const http = require('node:http');
const { Pool } = require('pg');

const pool = new Pool();

http
  .createServer(async (req, res) => {
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      await pool.query('INSERT INTO entries (message) VALUES ($1)', [body.slice(0, 500)]);
    }
    const { rows } = await pool.query('SELECT message FROM entries ORDER BY id DESC LIMIT 20');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(rows));
  })
  .listen(8000);

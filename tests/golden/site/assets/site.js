/* rapor: progressive enhancement only.  Every page is complete without
   this script; it adds sortable and filterable tables, a search box and
   PNG downloads of the charts. */
(function () {
	"use strict";

	function cellValue(td) {
		/* data-sort: a cell whose text is more than its value ("=1"). */
		var s = (td.getAttribute("data-sort") || td.textContent || "").trim().replace(/[▲▼–]/g, "").trim();
		/* Numbers in either language: 89,45 or 89.45, with a sign. */
		var n = s.replace(/\s/g, "").replace(",", ".");
		if (/^[+-]?\d+(\.\d+)?$/.test(n)) return parseFloat(n);
		return s.toLowerCase();
	}

	function makeSortable(table) {
		var heads = table.tHead ? table.tHead.rows[0].cells : [];
		Array.prototype.forEach.call(heads, function (th, col) {
			var b = document.createElement("button");
			b.type = "button";
			b.className = "sort";
			b.textContent = th.textContent;
			th.textContent = "";
			th.appendChild(b);
			b.addEventListener("click", function () {
				var asc = th.getAttribute("aria-sort") !== "ascending";
				Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
				th.setAttribute("aria-sort", asc ? "ascending" : "descending");
				var body = table.tBodies[0];
				var rows = Array.prototype.slice.call(body.rows);
				rows.sort(function (x, y) {
					var a = cellValue(x.cells[col] || x), c = cellValue(y.cells[col] || y);
					if (typeof a === "number" && typeof c !== "number") return -1;
					if (typeof a !== "number" && typeof c === "number") return 1;
					return (a < c ? -1 : a > c ? 1 : 0) * (asc ? 1 : -1);
				});
				rows.forEach(function (r) { body.appendChild(r); });
			});
		});
	}

	function makeFilterable(table, n) {
		var wrap = document.createElement("p");
		wrap.className = "filter";
		var id = "filter-" + n;
		var label = document.createElement("label");
		label.htmlFor = id;
		label.className = "visually-hidden";
		var region = table.parentNode;
		var name = region.getAttribute("aria-label");
		/* The words come from the language file, through the template. */
		label.textContent = (table.getAttribute("data-filter-label") || "Filter") +
		    (name ? ": " + name : "");
		var input = document.createElement("input");
		input.type = "search";
		input.id = id;
		input.placeholder = table.getAttribute("data-filter-placeholder") || "";
		wrap.appendChild(label);
		wrap.appendChild(input);
		region.parentNode.insertBefore(wrap, region);
		input.addEventListener("input", function () {
			var q = input.value.toLowerCase();
			Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
				r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
			});
		});
	}

	function setupSearch() {
		var form = document.querySelector(".search[data-index]");
		if (!form) return;
		var input = form.querySelector("input");
		var list = form.querySelector("ul");
		var root = form.getAttribute("data-root") || "";
		var loading = false;
		form.hidden = false;
		/* Results show as one types; Enter opens the first one, Escape
		   or a click elsewhere puts them away. */
		input.addEventListener("keydown", function (e) {
			var first = list.querySelector("a");
			if (e.key === "Enter" && first) window.location.href = first.href;
			if (e.key === "Escape") list.textContent = "";
		});
		document.addEventListener("click", function (e) {
			if (!form.contains(e.target)) list.textContent = "";
		});
		function show() {
			var q = input.value.trim().toLowerCase();
			list.textContent = "";
			if (q.length < 2 || !window.raporSearch) return;
			var hits = window.raporSearch.filter(function (x) {
				return (x[0] + " " + x[1]).toLowerCase().indexOf(q) >= 0;
			}).slice(0, 12);
			if (hits.length === 0) {
				var none = document.createElement("li");
				none.textContent = form.getAttribute("data-none");
				list.appendChild(none);
			}
			hits.forEach(function (x) {
				var li = document.createElement("li");
				var a = document.createElement("a");
				a.href = root + x[2];
				a.textContent = x[0];
				var what = document.createElement("span");
				what.className = "muted";
				what.textContent = x[1];
				li.appendChild(a);
				li.appendChild(document.createTextNode(" "));
				li.appendChild(what);
				list.appendChild(li);
			});
		}
		input.addEventListener("focus", function () {
			/* The index loads on first use, as a script so it works from disk too. */
			if (window.raporSearch) show();
			if (window.raporSearch || loading) return;
			loading = true;
			var s = document.createElement("script");
			s.src = form.getAttribute("data-index");
			s.onload = show;
			document.head.appendChild(s);
		});
		input.addEventListener("input", show);
	}

	/* A PNG of a chart, drawn by the browser from the chart's SVG at twice
	   its size: the SVG carries its glyphs as outlines, so the picture is
	   the one rapor drew, and the site need not hold a PNG of every chart.
	   Browsers refuse to export pictures read from disk (file://), so the
	   button appears only on a served site; the SVG link works anywhere. */
	function setupPng() {
		if (location.protocol === "file:" || !window.HTMLCanvasElement) return;
		Array.prototype.forEach.call(document.querySelectorAll(".png-dl"), function (span) {
			var b = span.querySelector("button");
			span.hidden = false;
			b.addEventListener("click", function () {
				var img = new Image();
				img.onload = function () {
					var c = document.createElement("canvas");
					c.width = img.naturalWidth * 2;
					c.height = img.naturalHeight * 2;
					var g = c.getContext("2d");
					g.fillStyle = "#fff";
					g.fillRect(0, 0, c.width, c.height);
					g.drawImage(img, 0, 0, c.width, c.height);
					c.toBlob(function (blob) {
						var a = document.createElement("a");
						a.href = URL.createObjectURL(blob);
						a.download = b.getAttribute("data-name");
						document.body.appendChild(a);
						a.click();
						a.remove();
						setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
					}, "image/png");
				};
				img.src = b.getAttribute("data-svg");
			});
		});
	}

	/* Sorting a table of one or two rows, or filtering a short one, only
	   adds clutter: the controls appear where they help. */
	var SORT_MIN = 3, FILTER_MIN = 10;

	function rowCount(table) {
		return table.tBodies[0] ? table.tBodies[0].rows.length : 0;
	}

	document.addEventListener("DOMContentLoaded", function () {
		Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (t) {
			if (rowCount(t) >= SORT_MIN) makeSortable(t);
		});
		Array.prototype.forEach.call(document.querySelectorAll("table.filterable"), function (t, i) {
			if (rowCount(t) >= FILTER_MIN) makeFilterable(t, i);
		});
		setupSearch();
		setupPng();
	});
}());

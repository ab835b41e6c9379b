/*
 * Fuzz target: the loader of the data files (load_report()) and, when
 * loading succeeds, compute_report().  A small valid content folder is
 * written to a temporary directory with one of its files replaced by
 * the input: the first byte (modulo 7) picks site.ini or one of the six
 * CSV files, the rest of the input is that file.  The other files stay
 * valid, so that references between files (scores to entities and
 * units, categories to zones, aspect columns) are reached.
 */
#include <stdint.h>
#include <string.h>

#include "compute.h"
#include "diag.h"
#include "harness.h"
#include "load.h"
#include "model.h"

static const struct {
	const char	*path;
	const char	*text;
} base[] = {
	{ "site.ini", "[site]\ntitle = Uji\nlanguage = en\n"
	    "[scoring]\ndecimals = 1\nrounding = half-even\n" },
	{ "data/zones.csv", "id,name,color\nhijau,Zona Hijau,#2e7d32\n"
	    "kuning,Zona Kuning,#f9a825\nmerah,Zona Merah,#c62828\n" },
	{ "data/categories.csv", "years,code,name,min,zone\n"
	    "2021-2022,A,Baik,80,hijau\n2021-2022,B,Cukup,50,kuning\n"
	    ",C,Kurang,0,merah\n2023,A,Baik,75.5,hijau\n"
	    "2023,B,Cukup,40,kuning\n" },
	{ "data/aspects.csv", "years,id,name,weight\n2022-2023,input,Input,2\n"
	    "2022-2023,proses,Proses,3\n2023,output,Output,1.5\n" },
	{ "data/entities.csv", "id,name,kind,parent\n"
	    "prov-a,Provinsi A,Provinsi,\nkota-b,Kota B,Kota,prov-a\n"
	    "kab-c,\"Kabupaten C, \"\"Lama\"\"\",Kabupaten,prov-a\n" },
	{ "data/units.csv", "entity,id,name,kind\n"
	    "kota-b,dinkes,Dinas Kesehatan,OPD\n"
	    "kota-b,disdik,Dinas Pendidikan,OPD\n"
	    "kab-c,dinkes,Dinas Kesehatan,\n" },
	{ "data/scores.csv", "year;entity;unit;score;input;proses;output\n"
	    "2021;kota-b;;77,66;;;\n2022;kota-b;;;;;\n"
	    "2022;kota-b;dinkes;;80;70;\n2022;kota-b;disdik;65,5;;;\n"
	    "2023;kota-b;dinkes;;90;85,25;70\n2023;kab-c;;88;;;\n"
	    "2023;prov-a;;50;;;\n" },
};

#define NBASE (sizeof base / sizeof base[0])

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	char *dir;
	size_t i, pick;

	if (size == 0)
		return 0;
	pick = data[0] % NBASE;
	if ((dir = fuzz_mkdtemp()) == NULL)
		return 0;
	for (i = 0; i < NBASE; i++) {
		const char *text = i == pick ? (const char *)data + 1 :
		    base[i].text;
		size_t len = i == pick ? size - 1 : strlen(base[i].text);

		fuzz_put(dir, base[i].path, strlen(base[i].path), text, len);
	}
	if (load_report(dir, &r, &d) == 0)
		compute_report(&r, &d);
	report_free(&r);
	diag_free(&d);
	fuzz_rmdir(dir);
	return 0;
}
